"""Drawing the board: a pure function of a view, with its fonts, projection and palette.

The board window (game.ui) and the after-action report (game.report) both draw
the map through this package, so neither imports the other to do it. Nothing
here reads input or holds a window: every function draws onto a surface it is
given.
"""
