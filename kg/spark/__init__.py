"""The Spark job: kg past one machine (``kg spark ARTICLES… --master URL``, or ``spark-submit`` with
``kg/spark/__main__.py``).

| module | job |
|---|---|
| ``read`` | listing and reading articles from any Hadoop-compatible path, one id read once (the first copy wins) |
| ``resolve`` | the pure parts: Person mentions by resolution block, one block resolved, an article's contributions to the graph, contributions folded into nodes and relationships |
| ``job`` | the Spark session and the stages: read → extract per partition (the spaCy model loaded once per Python worker) → resolve by block → fold by node id and relationship key → write from the executors with the loader's idempotent batched ``MERGE`` |

It gives the graph ``kg run`` gives (``tests/test_spark.py`` compares the exports): every stage computes what
``kg.resolve.build_graph`` computes in one piece, distributed over the keys it depends on.
"""
