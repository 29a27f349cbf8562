"""The screens of kiosk mode (``miclaro --kiosk``): an operator's till at a payment point."""
