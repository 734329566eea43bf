"""The website chat widget: GET /widget.js, and demo pages that embed it (GET /, GET /launcher,
their shared GET /demo.css)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

STATIC = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(tags=["widget"], include_in_schema=False)


@lru_cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@router.get("/widget.js")
def widget_script() -> Response:
    """The `<compact-assistant>` web component, CSS included."""
    return Response(
        _static("widget.js"), media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/demo.css")
def demo_styles() -> Response:
    """The demo pages' own styles (the widget's are inside widget.js)."""
    return Response(_static("demo.css"), media_type="text/css; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300"})


@router.get("/", response_class=HTMLResponse)
def demo_page() -> HTMLResponse:
    """A page embedding the widget the way a website would. The script's path is relative and
    the widget talks to wherever it was loaded from, so nothing from the request (its Host
    header) is written into the page."""
    return HTMLResponse(_static("index.html"))


@router.get("/launcher", response_class=HTMLResponse)
def launcher_demo_page() -> HTMLResponse:
    """The same widget as a corner button that opens it as a dialog (`mode="launcher"`)."""
    return HTMLResponse(_static("launcher.html"))
