"""wiredesk: a self-hosted newsroom that turns agency wires into a published site."""

__version__ = "0.1.0"
