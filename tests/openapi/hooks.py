"""Schemathesis hooks for docs/intake.openapi.yaml: bodies of application/zip are sent as the
raw bytes generated for `format: binary` (the server must answer them with a documented status,
normally 422 for a zip that is not a RegDesk package)."""
import schemathesis


@schemathesis.serializer("application/zip")
def zip_bytes(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return str(value).encode()
