"""Text traces of seeded games: golden playthroughs that show any rules change as a diff.

A trace lists every decision with the actor and the state digest every few
steps, then the log as Control sees it. Regenerating a trace after a change to
the engine or the rules and diffing it against the committed one shows exactly
which games the change affects and how.
"""

from __future__ import annotations

from game.ai.random_bot import RandomBot
from game.engine import CONTROL, new_game
from game.ruleset.model import Ruleset

DIGEST_EVERY = 20


def playthrough(rules: Ruleset, seed: int) -> str:
    """The trace of a full game with random bots in every seat, chance from the seed."""
    state = new_game(rules, seed=seed)
    bot = RandomBot(seed)
    lines = [
        f"# {rules.id} {rules.manifest.version} seed {seed}: random bots in every seat",
        f"# rules digest {rules.digest[:16]}",
        "",
    ]
    while not state.is_over():
        actor = state.current_actor()
        assert actor is not None
        if state.is_chance_node():
            action = state.sample_chance()
        else:
            action = bot.choose(state.view_for(actor, with_log=False))
        state = state.apply(action)
        line = f"{state.step:>5} {actor:<12} {action}"
        if state.step % DIGEST_EVERY == 0:
            line += f"    # {state.digest()[:16]}"
        lines.append(line)
    result = state.result
    assert result is not None
    lines += [
        "",
        f"result: {result.kind}; winners: {', '.join(result.winners) or 'none'}; "
        f"reason: {result.reason}",
        "vp: " + ", ".join(f"{k} {v}" for k, v in state.scores().items()),
        f"final digest: {state.digest()}",
        "",
        "## log (Control's view)",
    ]
    lines += [f"[{e.step:>4}] t{e.turn} {e.text}" for e in state.view_for(CONTROL).log]
    return "\n".join(lines) + "\n"
