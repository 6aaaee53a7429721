"""Forging signed values in tests without the rare accident of forging a valid one."""


def with_altered_signature(token: str, *, chars: int = 3) -> str:
    """`token` with its last `chars` characters changed, each to a different one.

    Overwriting them with a fixed string ("abc") leaves the token valid whenever the
    signature happens to end that way: rarely, but often enough to fail a CI run.
    """
    altered = "".join("B" if char == "A" else "A" for char in token[-chars:])
    return token[:-chars] + altered
