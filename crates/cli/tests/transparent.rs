//! A transparent PNG portrait (the person inside an ellipse, the rest transparent, as photo
//! apps and stickers export it) is framed like any other photo: the hand-labelled crown and
//! chin of the real portrait (`tests/fixtures/portraits/labels.csv`), mapped through the crop
//! `photo make` reports, give a head ratio and crown margin inside the spec's bands.

mod support;

use std::process::Command;

use support::*;

/// (file, crown, chin) from labels.csv: portraits with room above the head (the others are
/// cut close to the crown, where only background replacement can add headroom).
/// With the head's centre column, to draw the ellipse around it.
const PEOPLE: [(&str, f64, f64, f64); 2] = [
    ("obama_blue_room.jpg", 221.0, 614.0, 473.0),
    ("biden_blue_room.jpg", 106.0, 550.0, 568.0),
];

#[test]
fn a_transparent_ellipse_portrait_gets_the_head_in_the_band() {
    let dir = tempfile::tempdir().unwrap();
    for (file, crown, chin, centre) in PEOPLE {
        let png = dir.path().join(format!("{file}.png"));
        // An ellipse around head and shoulders as photo apps cut one: its top half a head
        // above the crown, three heads wide, soft-edged; outside it fully transparent.
        let script = r#"
import sys
from PIL import Image, ImageDraw, ImageFilter
im = Image.open(sys.argv[1]).convert("RGBA")
w, h = im.size
crown, chin, cx = (float(v) for v in sys.argv[3:6])
head = chin - crown
mask = Image.new("L", (w, h), 0)
ImageDraw.Draw(mask).ellipse((cx - 1.5 * head, crown - 0.5 * head, cx + 1.5 * head, chin + 2.5 * head), fill=255)
im.putalpha(mask.filter(ImageFilter.GaussianBlur(3)))
im.save(sys.argv[2])
"#;
        let ok = Command::new("python3")
            .args(["-c", script])
            .arg(fixture(&format!("portraits/{file}")))
            .arg(&png)
            .args([crown, chin, centre].map(|v| v.to_string()))
            .status()
            .unwrap();
        assert!(ok.success());
        let out = dir.path().join(format!("{file}.out.jpg"));
        let made = regdesk(
            dir.path(),
            &[
                "photo",
                "make",
                png.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--json",
            ],
            None,
        );
        let report = json(&made);
        assert!(out.exists(), "{file}: {report}");
        let crop = &report["crop"];
        let (y, h) = (
            crop["y"].as_f64().unwrap(),
            crop["height"].as_f64().unwrap(),
        );
        let head = (chin - crown) / h;
        let margin = (crown - y) / h;
        assert!(
            (0.60..=0.75).contains(&head),
            "{file}: labelled head fills {head:.3} of the photo: {report}"
        );
        assert!(
            (0.04..=0.12).contains(&margin),
            "{file}: labelled crown margin {margin:.3}: {report}"
        );
    }
}
