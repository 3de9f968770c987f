"""Versioned: the bookkeeping columns every curated record carries. Clients read them
and never set them: ``version`` counts writes (the ETag, and the If-Match of PATCH and
DELETE); the timestamps (UTC) say when the record was created and last changed, and are
empty for records that predate them."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Versioned(SQLModel):
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    created_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    updated_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
