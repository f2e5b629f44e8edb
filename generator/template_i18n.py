"""UI strings translated once, when a template compiles, instead of on every page.

Each language has an environment of its own, so `_("Drivers")` can become the constant
"Fahrer" in the German one, and `_("Season %(year)s", year=y)` the expression
`"Saison %(year)s"|safe % {"year": y}` — trusted like the newstyle gettext's result, so
the arguments are escaped and the translation is not. Jinja's gettext call costs a few microseconds each;
a page has dozens, a site tens of thousands of pages. Calls with anything other than a
string literal first, and `ngettext`, stay with Jinja's i18n extension at render time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

GETTEXT_NAME = "_"


class CompiledTranslations(Extension):
    """Replaces `_("text", name=value, …)` by the translated text, formatted with `%` when it has arguments.

    The environment provides the translation as `environment.translate_ui` (message -> text).
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translate: Callable[[str], str] = self.environment.translate_ui  # type: ignore[attr-defined]
        return iter(_translated_tokens(list(stream), translate))


def _translated_tokens(tokens: list[Token], translate: Callable[[str], str]) -> list[Token]:
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        if _is_literal_gettext(tokens, index):
            call, index = _literal_call(tokens, index, translate)
            result.extend(call)
        else:
            result.append(tokens[index])
            index += 1
    return result


def _is_literal_gettext(tokens: list[Token], index: int) -> bool:
    if index + 3 >= len(tokens):
        return False
    name, opening, message, following = tokens[index : index + 4]
    after_dot = index > 0 and tokens[index - 1].type == "dot"
    return (
        name.type == "name"
        and name.value == GETTEXT_NAME
        and not after_dot
        and opening.type == "lparen"
        and message.type == "string"
        and following.type in ("rparen", "comma")
    )


def _literal_call(tokens: list[Token], index: int, translate: Callable[[str], str]) -> tuple[list[Token], int]:
    """The tokens standing for the call at `index`, and the index after the call."""
    name, _, message, following = tokens[index : index + 4]
    line = name.lineno
    text = [Token(line, "string", translate(message.value)), Token(line, "pipe", "|"), Token(line, "name", "safe")]
    if following.type == "rparen":
        return [Token(line, "lparen", "("), *text, Token(line, "rparen", ")")], index + 4
    # _("text %(x)s", x=1, y=2)  ->  ("translated %(x)s"|safe % dict(x=1, y=2))
    closing = _matching_parenthesis(tokens, index + 1)
    arguments = tokens[index + 4 : closing]
    replacement = [
        Token(line, "lparen", "("),
        *text,
        Token(line, "mod", "%"),
        Token(line, "name", "dict"),
        Token(line, "lparen", "("),
        *arguments,
        Token(line, "rparen", ")"),
        Token(line, "rparen", ")"),
    ]
    return replacement, closing + 1


def _matching_parenthesis(tokens: list[Token], opening: int) -> int:
    depth = 0
    for index in range(opening, len(tokens)):
        kind = tokens[index].type
        if kind in ("lparen", "lbracket", "lbrace"):
            depth += 1
        elif kind in ("rparen", "rbracket", "rbrace"):
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1
