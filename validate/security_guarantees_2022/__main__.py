from .cli import main

main(prog_name=f"python -m {__package__}")
