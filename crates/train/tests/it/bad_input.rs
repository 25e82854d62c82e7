//! Each bad input gives its own clear error.
