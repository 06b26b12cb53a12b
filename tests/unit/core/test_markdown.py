"""User Markdown is rendered without any way to run script or style."""

import pytest

from showcase.markdown import render_markdown


@pytest.mark.parametrize(("source", "expected"), [
    ("**Cartes** des *écoles*", "<p><strong>Cartes</strong> des <em>écoles</em></p>\n"),
    ("[site](https://example.ma)", '<p><a href="https://example.ma" rel="nofollow noopener ugc">site</a></p>\n'),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>\n"),
    ("<a href='javascript:alert(1)'>x</a>", "<p>&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;</p>\n"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
    ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=\"alert(1)\"&gt;</p>\n"),
    ("# Titre", "<h3>Titre</h3>\n"),
    ("![img](https://example.ma/a.png)", "<p></p>\n"),
    ("", ""),
])
def test_markdown_is_sanitised(source, expected):
    assert str(render_markdown(source)) == expected
