"""kb.guard: wrong passwords slow down."""

from __future__ import annotations

from kb.guard import FREE_TRIES, MAX_DELAY, PasswordGuard, Verdict


def test_wrong_passwords_slow_down_and_a_right_one_resets() -> None:
    now = [0.0]
    g = PasswordGuard(clock=lambda: now[0])
    for _ in range(FREE_TRIES):
        assert g.check("x", "secret") == Verdict(False)
    assert g.check("x", "secret") == Verdict(False, 1.0)
    assert g.check("secret", "secret") == Verdict(False, 1.0)  # locked out: not even compared
    now[0] += 1.0
    assert g.check("y", "secret") == Verdict(False, 2.0)
    now[0] += 2.0
    assert g.check("z", "secret") == Verdict(False, 4.0)
    now[0] += 4.0
    assert g.check("secret", "secret") == Verdict(True)
    assert g.failures == 0


def test_twenty_wrong_passwords_cost_hours_not_seconds() -> None:
    now = [0.0]
    g = PasswordGuard(clock=lambda: now[0])
    waited = 0.0
    for _ in range(20):
        v = g.check("guess", "secret")
        now[0] += v.wait
        waited += v.wait
    assert waited > 1800 and v.wait == MAX_DELAY
