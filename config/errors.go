package config

import "github.com/auroradoc/auroradoc/internal/yamlstrict"

// Error is one problem in a configuration file, formatted as
// "file:line:column: key.path: message".
type Error = yamlstrict.Error

// Errors is every problem found in a configuration file, in file order;
// Parse and Load return one.
type Errors = yamlstrict.Errors
