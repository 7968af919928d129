package reportcmd

import "github.com/casework/casework/pkg/report"

// Render executes a template's text, named name (its file's path, which errors then give with
// the line: "template: NAME:LINE:COL: ..."), over data in lang, with everything the shipped
// reports have: their functions and every shipped template (the repository's own versions, in
// dir, winning) with their {{define}} blocks.
func Render(dir, name, text, lang string, data any) ([]byte, error) {
	if text == "" {
		text = " " // an empty custom template renders nothing, not the shipped one of that name
	}
	return report.Renderer{Dir: dir}.RenderText(name, text, lang, data)
}
