"""pytest plugin of mem0-contract-kit (fixtures arrive with issue 5).

Registered through the `pytest11` entry point, so it loads in every pytest run of anyone who has the
kit installed: it must stay cheap to import and do nothing until a fixture or option asks for it.
"""
