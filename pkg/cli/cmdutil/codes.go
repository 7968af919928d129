package cmdutil

import (
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/schema"
)

// CheckCode returns a usage error when value is not a code of enum, naming the flag and listing
// the codes (and the likely one, for a typo).
func CheckCode(flag, enum, value string) error {
	if value == "" || casefile.IsCode(enum, value) {
		return nil
	}
	codes := casefile.Enums[enum]
	if s := schema.Suggest(value, codes); s != "" {
		return UsageErrorf("--%s %q is not a known code (did you mean %q?); use %s", flag, value, s, schema.OneOf(codes))
	}
	return UsageErrorf("--%s %q is not a known code; use %s", flag, value, schema.OneOf(codes))
}
