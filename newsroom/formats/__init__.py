"""Date and number formats per language (settings.FORMAT_MODULE_PATH), where Django's
own are missing or not what our readers expect."""
