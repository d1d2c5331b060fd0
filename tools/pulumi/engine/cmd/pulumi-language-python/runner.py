"""Runs a Pulumi Python program for pg-vendor-access's pulumi-language-python host (embedded in it).

The host starts it as `python -c <this source> [flags] -- <program> [args...]` with the project's virtual
environment. It points the `pulumi` SDK's runtime at the engine (resource monitor, engine, project, stack,
organization, root directory, parallelism, preview or update), loads the stack's config and its secret keys
from PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS, and runs the program (a directory's `__main__.py`, or a
file) as `__main__` inside the stack resource, so `pulumi.export` lands on the stack.

Exit codes: 0 success; 32 after the error was reported to the engine as a diagnostic (the host then tells
the engine not to report it again); anything else is a failure the host reports itself.
"""

import argparse
import asyncio
import json
import os
import runpy
import signal
import sys
import traceback

BAIL_EXIT_CODE = 32


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="pulumi-language-python runner")
    parser.add_argument("--monitor", required=True, help="address of the engine's resource monitor")
    parser.add_argument("--engine", default="", help="address of the engine (logging)")
    parser.add_argument("--project", required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--organization", default=None)
    parser.add_argument("--root-directory", default=None, help="where Pulumi.yaml is")
    parser.add_argument("--parallel", type=int, default=1)
    parser.add_argument("--dry-run", action="store_true", help="a preview: no resource is changed")
    parser.add_argument("program", help="directory with __main__.py, or a Python file")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    return parser.parse_args(argv)


def program_path(program):
    """The file to run and the directory to put first on sys.path (as `python <program>` would)."""
    path = os.path.abspath(program)
    if os.path.isdir(path):
        main = os.path.join(path, "__main__.py")
        if not os.path.isfile(main):
            raise FileNotFoundError(f"{path} has no __main__.py: the program's entry point")
        return path, path
    if not os.path.isfile(path):
        raise FileNotFoundError(f"the program {path} does not exist")
    return path, os.path.dirname(path)


def configure(opts, pulumi_runtime):
    # A stack without config may come as `null`.
    config = json.loads(os.environ.get("PULUMI_CONFIG") or "{}") or {}
    secret_keys = json.loads(os.environ.get("PULUMI_CONFIG_SECRET_KEYS") or "[]") or []
    pulumi_runtime.set_all_config(config, secret_keys)
    pulumi_runtime.configure(
        pulumi_runtime.Settings(
            project=opts.project,
            stack=opts.stack,
            monitor=opts.monitor,
            engine=opts.engine or None,
            parallel=opts.parallel,
            dry_run=opts.dry_run,
            organization=opts.organization,
            root_directory=opts.root_directory,
        )
    )


def program_traceback(err, program_dir):
    """The error's traceback from the program's first frame on: the runner's and the SDK's frames that
    lead to it only hide the line the user needs (frames in the virtual environment are not the program's)."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = lambda f: f.filename.startswith(program_dir + os.sep) and not f.filename.startswith(sys.prefix + os.sep)
    first = next((i for i, f in enumerate(frames) if ours(f)), 0)
    return "".join(
        ["Traceback (most recent call last):\n", *traceback.format_list(frames[first:]), *traceback.format_exception_only(err)]
    )


def exit_on_interrupt(_signum, _frame):
    """The engine interrupts the program when it ends the deployment early (an error it reports itself, or
    Ctrl-C): stop at once, without a traceback of wherever the program was waiting."""
    os._exit(BAIL_EXIT_CODE)


def main(argv):
    signal.signal(signal.SIGINT, exit_on_interrupt)
    opts = parse_args(argv)
    args = opts.args[1:] if opts.args[:1] == ["--"] else opts.args
    try:
        import pulumi
        from pulumi import runtime as pulumi_runtime
    except ImportError as err:
        print(
            f"The pulumi package is not installed in {sys.prefix} ({err}): add `pulumi` to requirements.txt "
            "and run `pulumi install`.",
            file=sys.stderr,
        )
        return 1
    configure(opts, pulumi_runtime)
    try:
        target, search_dir = program_path(opts.program)
    except FileNotFoundError as err:
        pulumi.log.error(str(err))
        return BAIL_EXIT_CODE
    sys.argv = [target, *args]
    sys.path.insert(0, search_dir)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(
            pulumi_runtime.run_in_stack(lambda: runpy.run_path(target, run_name="__main__"))
        )
    except pulumi.RunError as err:
        # A deliberate stop (or the engine shutting down): the message alone, no traceback.
        pulumi.log.error(str(err))
        return BAIL_EXIT_CODE
    except Exception as err:  # noqa: BLE001 - any error of the program is reported to the engine
        pulumi.log.error("Program failed with an unhandled exception:\n" + program_traceback(err, search_dir))
        return BAIL_EXIT_CODE
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
