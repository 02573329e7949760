"""API of the office's planning tools: rounds and their targets, stationing preparation, team forming with the
pool and recusal, coverage, the calendar and cross assignment."""

from xuncha.planning.api import analysis, rounds, teams

routers = [rounds.router, teams.router, analysis.router]
