"""The Typer application and the one place where library errors become CLI errors."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from ..config import Settings, load_settings
from ..errors import SaidwhatError

err = Console(stderr=True)
# Piped output is not squeezed to 80 columns: rows stay whole for grep and friends.
out = Console(soft_wrap=True, width=None if Console().is_terminal else 1000)


class SaidwhatGroup(TyperGroup):
    """The one place that turns ``SaidwhatError`` into ``Error: ...`` on stderr and exit 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SaidwhatError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None


def make_app(help_text: str) -> typer.Typer:
    """A Typer (sub)application with saidwhat's error translation and help settings."""
    return typer.Typer(
        cls=SaidwhatGroup,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = make_app(
    "saidwhat: who said what, about whom, in what tone, and when - from raw news pages."
)
eval_app = make_app("Measure quality against reference data sets.")
train_app = make_app("Train the shipped models from reference data.")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")

def _version(value: bool) -> None:
    if value:
        from ..version import __version__

        typer.echo(f"saidwhat {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """saidwhat: who said what, about whom, in what tone, and when - from raw news pages."""


CONFIG_OPTION = typer.Option(None, "--config", help="TOML settings file (overrides packaged defaults).")
FOLLOW_SYMLINKS_OPTION = typer.Option(
    None, "--follow-symlinks", help="Read symbolic links that lead out of an input folder (skipped otherwise).",
)


def settings_from(config: str | None = None, **overrides: Any) -> Settings:
    """Build the run's settings: defaults < --config/SAIDWHAT_CONFIG < env < flags."""
    return load_settings(config, **overrides)
