// Package templates holds the default report templates and their labels in English, French and
// Spanish, embedded in the binary. A case repository overrides any of them with a file of the
// same name in its own templates/ folder.
package templates

import "embed"

// FS holds *.md.tmpl and i18n/*.yaml.
//
//go:embed *.md.tmpl i18n/*.yaml
var FS embed.FS
