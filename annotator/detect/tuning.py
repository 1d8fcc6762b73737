"""Every tuning number of the detector, named, in one place.

Thresholds and weights that a change might want to move live here rather than
inside the rules, so a reader sees them together and a test can pin them.
The score cut-offs the component exposes as config (``min_cue_score``,
``min_hedge_score``) take their defaults from here too.
"""

MIN_CUE_SCORE = 0.45  # a candidate below this is not reported (the scorer's probability)
MIN_HEDGE_SCORE = 0.25

# The salience model of annotator/detect/speakers.py (Lappin & Leass style weights).
SALIENCE = {
    "subject": 80.0,  # 'Lansman arrives': a participant as a subject
    "fragment": 80.0,  # 'So, Lansman.': a name standing alone introduces the topic
    "object": 50.0,
    "possessor": 40.0,
    "oblique": 40.0,  # 'a response from Luke Akehurst'
    "other": 30.0,
    "speaker": 120.0,  # speaking makes a participant the one the next 'he says' means
    "decay_per_sentence": 0.5,
    "decay_per_paragraph": 0.3,  # on top of the sentence's: a new paragraph often moves to someone else
    "unknown_gender_factor": 0.3,  # 'he' prefers a participant known to be male
    "min_to_resolve": 0.05,
    "same_sentence": 60.0,  # a participant mentioned earlier in the pronoun's own sentence
    "min_group": 40.0,
    "singular_they_factor": 0.5,  # 'they' and 'it' need a clearly salient group, body or document: else unresolved  # below this nobody is salient enough: the pronoun stays unresolved
}

MAX_UNCLOSED_QUOTE = 3000  # characters: an opening mark without a close, longer than this, is a stray mark
CONTENT_MAX_DISTANCE = 40  # tokens: a complement clause further before its cue than this is not its content

# Claims (annotator/detect/claims.py). CLAIM_THRESHOLD is the component's ``claim_threshold``
# default: the cut tools/train_claims.py found best for check-worthy F1 in cross-validation.
CLAIM_THRESHOLD = 0.37
CLAIM_MIN_WORDS = 4  # fewer words than this ('Thank you.', a byline) asserts nothing worth checking
CLAIM_SOURCE_OVERLAP = 0.5  # an attribution sources a claim when its content covers this share of it
CLAIM_HASH_BITS = 19  # the model's hashed feature space: 2**19 weights (about 1 MB compressed)

# What `annotator train` (annotator/learn/) may conclude from reviewed documents. Reviews are
# few and noisy, so every change needs evidence and the scorer is pulled towards what it knew.
LEARN = {
    # the cue scorer is re-fitted by L2-regularised logistic regression pulled towards the base
    # weights: the penalty is LEARN["l2"]/2 * |w - w_base|^2 against the summed loss of the
    # examples, so a handful of candidates moves a weight a little and hundreds move it far
    "l2": 32.0,
    "fit_steps": 400,
    "fit_learning_rate": 0.05,
    "min_examples": 1,  # candidates with a feature before its weight may move (below: stays the base's)
    # a (cue word, complement) the lexicon does not license becomes a report when reviewers kept
    # at least this many of its candidates and this share of them
    "widen_min_kept": 2,
    "widen_min_share": 0.5,
    # ... and for every word of a kind, when reviewers kept that many of the kind's candidates
    # built from that complement, of at least this many words, and this share of them
    "widen_kind_min_kept": 3,
    "widen_kind_min_lines": 2,
    "widen_kind_min_share": 0.5,
    # ... and a licensed one stops being a report when they deleted this many and kept at most this share
    "narrow_min_deleted": 4,
    "narrow_max_share": 0.1,
    # the scorer judges nested reports and agentless passives too (their lexicon prior stands in the
    # shipped model) once reviewers deleted this many of those shown and kept at most this share
    "judge_all_min_deleted": 3,
    "judge_all_max_share": 0.5,
    # a cue word no lexicon line holds becomes a line when reviewers marked it this often and
    # kept this share of its occurrences (with the complements they kept it with)
    "new_cue_min_kept": 1,
    "new_cue_min_share": 0.5,
    "new_cue_max_words": 4,  # longer marked cues are a reviewer's slip, not a phrase
}
