"""DatasetState: the row with id 1 holds the dataset's version, a content hash of every
record; the row with id 2 names the scheme that hash was made by (api.research.dataset_version).

Written in the same transaction as the data it describes (the seed loader, and writes),
so every worker process reads the same version for the same data."""

from sqlmodel import Field, SQLModel


class DatasetState(SQLModel, table=True):
    __tablename__ = "dataset_state"

    id: int = Field(default=1, primary_key=True)
    version: str = Field(max_length=64)
    updated_at: str = Field(max_length=32)  # ISO 8601, UTC
