pytest_plugins = ["plugin_seeds"]
