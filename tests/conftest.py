"""The whole suite runs in English, whatever the machine's language: tests read the game's
words, and the game follows the system's language (LANGUAGE first) when no setting is made.
Tests of the language choice set their own."""

import os

os.environ["LANGUAGE"] = "en"
