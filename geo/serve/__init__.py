"""The page server's own machinery: the upload worker, opened files, preloading."""
