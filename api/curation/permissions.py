"""Permissions, checked once here for both faces: reads are public; writes need a key
with the ``curate`` scope."""

from __future__ import annotations

from api.curation.keys import Principal
from api.errors import Forbidden, Unauthorized
from api.models.enums import KeyScope

__all__ = ["require_curator"]


def require_curator(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthorized("writing needs a key with the curate scope: Authorization: Bearer KEY")
    if principal.scope is not KeyScope.curate:
        raise Forbidden(f"the key {principal.key_id!r} has the {principal.scope} scope; writing needs curate")
    return principal
