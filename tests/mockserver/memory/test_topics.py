from __future__ import annotations

from mockserver.memory.extract import topic_words, topics


def test_long_request_texts_are_worded_without_growing_the_cache() -> None:
    # `includes` and memory texts are request text: a cache keyed on them may only keep short ones.
    before = topics._cached_topic_words.cache_info().currsize
    for n in range(50):
        long_text = f"food {n} " + "pizza sushi " * 5_000
        assert topic_words(long_text) >= {"food", "pizza", "sushi"}
    assert topics._cached_topic_words.cache_info().currsize == before
    assert topic_words("food preferences") == topic_words("food preferences " + " " * 600)
