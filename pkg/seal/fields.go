package seal

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// SealedField is the key that holds a record's sealed fields.
const SealedField = "sealed"

// SealFields replaces the named top-level fields of a YAML document with one field, sealed,
// holding them as an armored age text made by sealFn. The other fields stay readable. It says
// whether any field was sealed.
func SealFields(doc *yaml.Node, fields []string, sealFn func([]byte) ([]byte, error)) (bool, error) {
	m := doc
	if m.Kind == yaml.DocumentNode && len(m.Content) == 1 {
		m = m.Content[0]
	}
	if m.Kind != yaml.MappingNode {
		return false, errors.New("not a YAML mapping")
	}
	inner := &yaml.Node{Kind: yaml.MappingNode}
	var kept []*yaml.Node
	at := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value == SealedField {
			return false, errors.New("the record is sealed already")
		}
		if slices.Contains(fields, k.Value) {
			if at < 0 {
				at = len(kept)
			}
			inner.Content = append(inner.Content, k, v)
			continue
		}
		kept = append(kept, k, v)
	}
	if at < 0 {
		return false, nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(inner); err != nil {
		return false, err
	}
	if err := enc.Close(); err != nil {
		return false, err
	}
	sealed, err := sealFn(buf.Bytes())
	if err != nil {
		return false, err
	}
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: SealedField}
	val := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(sealed), Style: yaml.LiteralStyle}
	m.Content = slices.Concat(kept[:at], []*yaml.Node{key, val}, kept[at:])
	return true, nil
}

// OpenFields decodes the plaintext of a sealed field into v (a struct naming the fields sealed),
// refusing unknown fields.
func OpenFields(plain []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(plain))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the sealed text is not what casework sealed: %w", err)
	}
	return nil
}
