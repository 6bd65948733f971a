"""The trend box of an indicator or series page: its interval in the same words as the sentence beside it."""

from ivb.domain.trend import Trend
from ivb.domain.vocabulary import Verdict
from ivb.web.views import _trend_words


def test_it_gives_the_interval_ends_with_one_decimal_as_the_sentence_does():
    """Walk AT: "90%-interval −18,7% tot +0,057%" in the box, "+0,1%" in the text beside it."""
    trend = Trend(Verdict.STABLE, slope=-0.09, change_per_year=-0.0876, interval=(-0.18691, 0.00057), p_value=0.11)
    words = _trend_words(trend)
    assert (words["low"], words["high"], words["change"]) == ("\u221218,7%", "+0,1%", "\u22128,8%")


def test_a_falling_trend_keeps_two_significant_digits_at_an_end_near_nought_as_its_sentence_does():
    """Walk AX: the sentence said "tussen 0,95% en 18,1%", the box "−0,9%"."""
    trend = Trend(Verdict.FALLING, slope=-0.104, change_per_year=-0.099, interval=(-0.181, -0.0095), p_value=0.07)
    words = _trend_words(trend)
    assert (words["low"], words["high"]) == ("\u221218,1%", "\u22120,95%")
