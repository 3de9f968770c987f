"""The REST contract, generated from the declarations: ``document`` assembles it from
the parameters (``params``), the research operations and their schemas
(``research``, ``research_schemas``), the writes (``writes``), the service's answers
(``service``) and the examples (``examples``)."""

from api.rest.openapi.document import openapi_document, openapi_endpoint, openapi_json

__all__ = ["openapi_document", "openapi_endpoint", "openapi_json"]
