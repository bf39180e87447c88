# Runs one of the seed's Python programs with its fixed port replaced, so a test can run it
# next to another test that uses the real port. The seed copy is not changed: its source is
# read, the bind/connect endpoint ':<from>"' is rewritten to ':<to>"', and the result is run.
#
#   python3 seed-on-port.py hello_world_server.py 5555 5565
import os
import sys

program, port_from, port_to = sys.argv[1:4]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed", program)
with open(path) as f:
    source = f.read()
needle = f':{port_from}"'
if needle not in source:
    sys.exit(f"seed-on-port: {program} has no endpoint on port {port_from}")
source = source.replace(needle, f':{port_to}"')
sys.argv = [path] + sys.argv[4:]
exec(compile(source, path, "exec"), {"__name__": "__main__", "__file__": path})
