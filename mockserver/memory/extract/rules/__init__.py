"""The rule table, one module per phrase family.

A clause takes the facts of the first rule, in table order, that yields any; rules enter the table
as their module is imported, so the imports below are the table's order (isort must not sort them)
and a family module imports only families above it. Importing any submodule runs this first.
"""

# isort: off
from mockserver.memory.extract.rules import identity  # noqa: F401
from mockserver.memory.extract.rules import work  # noqa: F401
from mockserver.memory.extract.rules import family  # noqa: F401
from mockserver.memory.extract.rules import health  # noqa: F401
from mockserver.memory.extract.rules import preferences  # noqa: F401
from mockserver.memory.extract.rules import plans  # noqa: F401
from mockserver.memory.extract.rules import schedules  # noqa: F401
from mockserver.memory.extract.rules import pastimes  # noqa: F401
from mockserver.memory.extract.rules import profile  # noqa: F401
from mockserver.memory.extract.rules import possessions  # noqa: F401
from mockserver.memory.extract.rules import relatives  # noqa: F401
# isort: on
