"""GET /docs: the interactive API documentation, with Swagger UI served from the installed
`swagger-ui-bundle-v2` package, so it works offline and under the pages' content security
policy (no CDN, no inline script)."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"
STATIC = Path(__file__).resolve().parent.parent / "static"
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Compact assistant API</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    """Swagger UI over /openapi.json."""
    return HTMLResponse(PAGE.format(assets=ASSETS))


@router.get("/docs/start.js")
def docs_start() -> Response:
    """The script that starts Swagger UI (a file, as the content security policy wants)."""
    return Response((STATIC / "docs-start.js").read_text(encoding="utf-8"),
                    media_type="text/javascript; charset=utf-8")


@router.get("/redoc")
def redoc() -> RedirectResponse:
    """ReDoc is not bundled: the same schema is at /docs."""
    return RedirectResponse("/docs")


def mount_docs(app: FastAPI) -> None:
    """The docs page, its start script and Swagger UI's own files."""
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")
