"""Network play: the wire format now; the server and clients come with issue 14."""
