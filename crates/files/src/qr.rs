//! The QR code another device scans to join a sync account: the join link, drawn as SVG with
//! a quiet zone, dark on light whatever the page's colours, so any phone camera reads it.

use pingjia_rules::Bilingual;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The longest text encoded (a join link is about 100 characters).
pub const MAX_TEXT: usize = 1000;

fn code(text: &str) -> Result<QrCode, Bilingual> {
    let too_long = || Bilingual {
        zh: "内容太长，无法生成二维码。".into(),
        en: "The text is too long for a QR code.".into(),
    };
    if text.len() > MAX_TEXT {
        return Err(too_long());
    }
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| too_long())
}

pub fn svg(text: &str) -> Result<String, Bilingual> {
    Ok(code(text)?
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_link_becomes_an_svg_and_a_text_too_long_is_refused() {
        let link = "https://pingjia.example.cn/drafts/sync#key=pjk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let image = svg(link).expect("an image");
        // Read back as a camera app would: each module 4 pixels wide, with the quiet zone.
        let qr = code(link).expect("a code");
        let (width, colors) = (qr.width(), qr.to_colors());
        let scale = 4;
        let side = (width + 8) * scale;
        let mut grid = rqrr::PreparedImage::prepare_from_bitmap(side, side, |x, y| {
            let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
            mx < width && my < width && colors[my * width + mx] == qrcode::Color::Dark
        });
        let grids = grid.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("it decodes");
        assert_eq!(content, link);
        assert!(
            image.starts_with("<?xml") && image.contains("<svg"),
            "{}",
            &image[..80]
        );
        assert!(image.contains("#000000"));
        assert!(svg(&"x".repeat(MAX_TEXT + 1)).is_err());
    }
}
