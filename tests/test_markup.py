"""Markdown conversion: safety, typography, mentions."""

from __future__ import annotations

import hashlib

import generator.markup
from generator.markup import MarkdownRenderer, Mention, MentionMatcher, first_paragraph_text
from generator.typography import typeset_html, typeset_text


def test_raw_html_is_escaped_by_default():
    html = MarkdownRenderer(False, {}).to_html("<script>alert(1)</script>\n\nA <b>bold</b> claim.", "en")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_raw_html_passes_when_the_site_allows_it():
    html = MarkdownRenderer(True, {}).to_html("A <b>bold</b> claim.", "en")
    assert "<b>bold</b>" in html


def test_script_links_are_never_emitted():
    for unsafe_html in (False, True):
        renderer = MarkdownRenderer(unsafe_html, {})
        html = renderer.to_html("[x](javascript:alert(1)) ![y](JavaScript:alert(2)) [z](https://ok.example/)", "en")
        assert "javascript:" not in html.lower()
        assert 'href="https://ok.example/"' in html
    raw = MarkdownRenderer(True, {}).to_html('<a href=" jav&#x61;script:alert(1)">x</a>', "en")
    assert 'href="#"' in raw


def test_data_urls_are_never_emitted():
    html = MarkdownRenderer(False, {}).to_html("[a](data:text/plain,hi) ![b](DATA:image/png;base64,AA)", "en")
    assert "data:" not in html.lower()
    assert html.count('="#"') == 2


def test_an_attribute_list_sets_no_event_handler_and_no_script_url():
    text = '[x](https://ok.example/){: onclick="a()" OnMouseOver=b() href="javascript:c()" }\n\n'
    html = MarkdownRenderer(False, {}).to_html(text + "# Head {: onload=z() }\n", "en")
    assert html == '<p><a href="#">x</a></p>\n<h1 id="head">Head</h1>'


def test_tables_footnotes_attribute_lists_and_heading_anchors():
    text = "## Result {: .big }\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n"
    html = MarkdownRenderer(False, {"de": "Zurück zu %d"}).to_html(text, "de")
    assert '<h2 class="big" id="result">' in html
    assert "<table>" in html
    assert 'class="footnote"' in html
    assert 'title="Zurück zu 1"' in html


def test_conversions_are_cached_by_content():
    renderer = MarkdownRenderer(False, {})
    first = renderer.to_html("Same text.", "en")
    assert renderer.to_html("Same text.", "en") is first
    assert renderer.to_html("Same text.", "de") is not first


def test_mentions_match_whole_names_outside_links_and_code():
    matcher = MentionMatcher([Mention("Anna Berg", "anna"), Mention("Berg", "anna"), Mention("Ben", "ben")])
    html = "<p>Bergen and Benjamin. <code>Ben</code> <a href='x'>Anna Berg</a> then Berg and Ben.</p>"
    assert matcher.find(html) == ("anna", "ben")
    linked = matcher.link(html, lambda driver: f"/d/{driver}/")
    assert linked.count('class="mention"') == 2
    assert 'then <a class="mention" href="/d/anna/">Berg</a> and <a class="mention" href="/d/ben/">Ben</a>.' in linked


def test_only_each_drivers_first_mention_in_the_whole_text_is_linked_and_other_text_stays_as_written():
    matcher = MentionMatcher([Mention("Anna Berg", "anna"), Mention("Ben", "ben")])
    html = (
        "<p>Start &amp; <em>Anna Berg</em> led.</p><p>Ben passed Anna Berg, then Ben &#39;won&#39;.</p><p>x &lt; y</p>"
    )
    linked = matcher.link(html, lambda driver: f"/d/{driver}/")
    assert linked == (
        '<p>Start &amp; <em><a class="mention" href="/d/anna/">Anna Berg</a></em> led.</p>'
        '<p><a class="mention" href="/d/ben/">Ben</a> passed Anna Berg, then Ben \'won\'.</p><p>x &lt; y</p>'
    )


def test_typographic_apostrophe_matches_a_typed_one():
    matcher = MentionMatcher([Mention("Conor O'Brien", "conor")])
    assert matcher.find("<p>Conor O\u2019Brien won.</p>") == ("conor",)


def test_first_paragraph_text_is_plain():
    assert first_paragraph_text("<h2>X</h2><p>A <em>fine</em>\n day &amp; more.</p><p>Two</p>") == "A fine day & more."


def test_the_longest_name_that_ends_at_a_word_boundary_wins():
    matcher = MentionMatcher(
        [Mention("Ben", "ben"), Mention("Ben Carter", "carter"), Mention("Anna", "anna"), Mention("Anna Berg", "berg")]
    )
    # "Ben Carterx" is no "Ben Carter", but it starts with "Ben"; "Anna Bergen" likewise with "Anna"
    assert matcher.find("<p>Ben Carterx, Anna Bergen; Ben Carter and Anna Berg.</p>") == (
        "ben",
        "anna",
        "carter",
        "berg",
    )


def test_bodies_get_the_quotes_of_their_language_and_code_keeps_straight_ones():
    text = '"Ein *perfekter* Tag", sagte er -- Dirk\'s \'Plan\' ging auf... `"x"`\n\n    "indented code"\n'
    html = MarkdownRenderer(False, {}).to_html(text, "de")
    assert (
        "<p>\u201eEin <em>perfekter</em> Tag\u201c, sagte er \u2013 Dirk\u2019s \u201aPlan\u2018 ging auf\u2026" in html
    )
    assert '<code>"x"</code>' in html
    assert '<pre><code>"indented code"' in html


def test_a_quote_after_an_inline_element_closes_and_one_starting_a_block_opens():
    assert typeset_html('<p>"<em>Win</em>" and</p><p>"Next"</p>', "en") == (
        "<p>\u201c<em>Win</em>\u201d and</p><p>\u201cNext\u201d</p>"
    )


def test_titles_are_typeset_like_bodies():
    assert typeset_text("\"Sieg\" in Spa's 'Eau Rouge' -- 2--3 ---", "de") == (
        "\u201eSieg\u201c in Spa\u2019s \u201aEau Rouge\u2018 \u2013 2\u20133 \u2014"
    )
    assert typeset_text('"Win"', "en") == "\u201cWin\u201d"


def test_a_text_read_in_an_earlier_build_is_not_read_again():
    mentions = [Mention("Anna Berg", "anna")]
    first = MentionMatcher(mentions)
    assert first.find("<p>Anna Berg won.</p>") == ("anna",)

    told = dict.fromkeys(first.found, ("told",))  # what the cache says, whatever it is
    assert MentionMatcher(mentions, told).find("<p>Anna Berg won.</p>") == ("told",)
    renamed = MentionMatcher([Mention("Anna Berg-Lund", "anna")], told)  # other names: the text is read again
    assert renamed.find("<p>Anna Berg won.</p>") == ()


def test_a_renderer_hashes_no_text_the_last_build_of_its_process_hashed_with_the_same_settings(monkeypatch):
    first = MarkdownRenderer(False, {})
    html = first.to_html("A text of the last build.", "en")
    hashed = []
    blake2b = hashlib.blake2b
    monkeypatch.setattr(
        generator.markup.hashlib, "blake2b", lambda *data, **options: hashed.append(data) or blake2b(*data, **options)
    )

    assert (
        MarkdownRenderer(False, {}, first.converted, earlier=first).to_html("A text of the last build.", "en") == html
    )
    assert hashed == []
    MarkdownRenderer(True, {}, first.converted, earlier=first).to_html("A text of the last build.", "en")
    assert len(hashed) == 1  # other settings: another key
