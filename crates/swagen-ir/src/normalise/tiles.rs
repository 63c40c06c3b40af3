//! Map-tile coordinates: three numbers in a row that read as `zoom/x/y` (the XYZ tile scheme map servers share:
//! `x` and `y` are below `2^zoom`), maybe followed by a tile size that is a power of two (`6/30/24/256`). This
//! names values the normaliser has already found; it decides nothing.

use super::key::split_extension;

/// The name of the tile coordinate at `slot` and why, when `segs` holds a `zoom/x/y` run through it.
pub(crate) fn tile_name(segs: &[String], slot: usize) -> Option<(&'static str, String)> {
    let number = |i: usize| -> Option<u64> {
        let core = split_extension(segs.get(i)?).0;
        (!core.is_empty() && core.len() <= 6 && core.bytes().all(|b| b.is_ascii_digit())).then(|| core.parse().ok())?
    };
    // The run starts at most three segments before the slot (a size after `zoom/x/y` is the fourth).
    for start in slot.saturating_sub(3)..=slot {
        let (Some(z), Some(x), Some(y)) = (number(start), number(start + 1), number(start + 2)) else { continue };
        // A number before the run would make it a longer run of numbers, not coordinates.
        if start > 0 && number(start - 1).is_some() {
            continue;
        }
        if !(1..=24).contains(&z) || x >= 1 << z || y >= 1 << z {
            continue;
        }
        let size = number(start + 3).filter(|s| s.is_power_of_two() && (64..=1024).contains(s));
        let after = start + 3 + usize::from(size.is_some());
        if number(after).is_some() {
            continue;
        }
        let name = match slot - start {
            0 => "zoom",
            1 => "x",
            2 => "y",
            3 if size.is_some() => "size",
            _ => continue,
        };
        let run = segs[start..after].join("/");
        let why = format!(
            "named `{name}`: `{run}` reads as map-tile coordinates `zoom/x/y` (x and y below 2^zoom){}",
            if size.is_some() { ", then a tile size" } else { "" }
        );
        return Some((name, why));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::tile_name;

    fn names(key: &str) -> Vec<Option<&'static str>> {
        let segs: Vec<String> = key.trim_start_matches('/').split('/').map(str::to_owned).collect();
        (0..segs.len()).map(|i| tile_name(&segs, i).map(|(n, _)| n)).collect()
    }

    #[test]
    fn zoom_x_y_and_a_size() {
        assert_eq!(
            names("/maptile/normal.day/6/30/24/256/png8"),
            [None, None, Some("zoom"), Some("x"), Some("y"), Some("size"), None]
        );
        assert_eq!(names("/tiles/12/2074/1409.json"), [None, Some("zoom"), Some("x"), Some("y")]);
    }

    #[test]
    fn numbers_that_are_not_coordinates() {
        // x beyond 2^zoom; a run of four numbers with no size; a version and ids.
        assert_eq!(names("/t/3/9/1"), [None, None, None, None]);
        assert_eq!(names("/t/6/30/24/25"), [None; 5]);
        assert_eq!(names("/api/2/users/7"), [None; 4]);
    }
}
