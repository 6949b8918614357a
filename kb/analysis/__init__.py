"""Text analysis shared by indexing and querying (the only package that imports jieba):
``resources`` (dictionary, stop words, fingerprint), ``segmenters`` (jieba / rjieba), ``chain``
(tokenizers and filters: the word and bigram analyzers)."""

from kb.analysis.chain import (
    BigramTokenizer,
    PunctuationFilter,
    SegmentTokenizer,
    StopwordFilter,
    SubwordFilter,
    WordAnalyzer,
    bigram_analyzer,
    bigram_tokens,
    bigrams,
    index_tokens,
    is_punct,
    query_words,
    remember_tokens,
    search_mode_analyzer,
    search_mode_words,
    tokens_ahead,
    tokens_computed,
    word_analyzer,
    word_tokens,
)
from kb.analysis.resources import (
    ANALYZER_VERSION,
    DATA_DIR,
    SEGMENTERS,
    analysis_fingerprint,
    data_file,
    stopwords,
    userdict_entries,
)
from kb.analysis.segmenters import Segmenter, get_segmenter, idioms

__all__ = [
    "ANALYZER_VERSION", "DATA_DIR", "SEGMENTERS", "BigramTokenizer", "PunctuationFilter", "SegmentTokenizer",
    "Segmenter", "StopwordFilter", "SubwordFilter", "WordAnalyzer", "analysis_fingerprint", "bigram_analyzer",
    "bigram_tokens", "bigrams", "data_file", "get_segmenter", "idioms", "index_tokens", "is_punct", "query_words",
    "remember_tokens", "search_mode_analyzer", "search_mode_words",
    "stopwords", "tokens_ahead", "tokens_computed", "userdict_entries", "word_analyzer", "word_tokens",
]
