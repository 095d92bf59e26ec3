//! Results as JavaScript objects, built field by field.
//!
//! They have exactly the shape of the `Serialize` impls in
//! [`crate::search`] (`tests/wasm.rs` holds the two together), but are
//! built without serde: serde-wasm-bindgen's generic serializer, its
//! cache of key strings and the serde code behind it made up about 8 KB
//! of the wasm. Plain objects and arrays, `sections` only when present,
//! `corrected` an object keyed by the typo: as serde-wasm-bindgen's
//! `json_compatible` serializer made them.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::format::filters::Key;
use crate::index::Missing;
use crate::search::{Hit, Results};

#[wasm_bindgen]
extern "C" {
    /// Any object, to set properties on.
    #[wasm_bindgen(extends = Object)]
    type Fields;
    /// `object[key] = value`: an import that cannot throw, unlike
    /// `Reflect.set`, so wasm-bindgen adds no exception handling.
    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Fields, key: &str, value: JsValue);
}

/// Sets a property of any object.
pub fn set(object: &JsValue, key: &str, value: JsValue) {
    object.unchecked_ref::<Fields>().set(key, value);
}

fn object() -> Fields {
    Object::new().unchecked_into()
}

fn strings(list: &[String]) -> JsValue {
    let array = Array::new();
    for s in list {
        array.push(&s.as_str().into());
    }
    array.into()
}

fn hit(hit: &Hit) -> JsValue {
    let o = object();
    o.set("url", hit.url.as_str().into());
    o.set("page_url", hit.page_url.as_str().into());
    o.set("title", hit.title.as_str().into());
    o.set("heading", hit.heading.as_str().into());
    o.set("excerpt", hit.excerpt.as_str().into());
    o.set("score", hit.score.into());
    o.set("date", hit.date.as_str().into());
    o.set("tags", strings(&hit.tags));
    o.set("matched", strings(&hit.matched));
    o.set("missing", strings(&hit.missing));
    o.set("partial", hit.partial.into());
    if let Some(sections) = &hit.sections {
        o.set(
            "sections",
            sections.iter().map(self::hit).collect::<Array>().into(),
        );
    }
    o.into()
}

/// `{ query, terms, match, partial, corrected, total, hits }`.
pub fn results(r: &Results) -> JsValue {
    let o = object();
    o.set("query", r.query.as_str().into());
    o.set("terms", strings(&r.terms));
    o.set("match", r.step.name().into());
    o.set("partial", r.partial.into());
    let corrected = object();
    for (typed, meant) in &r.corrected.0 {
        corrected.set(typed, meant.as_str().into());
    }
    o.set("corrected", corrected.into());
    // A count of sections, far below 2^53: exact as a number.
    o.set("total", (r.total as f64).into());
    o.set("hits", r.hits.iter().map(hit).collect::<Array>().into());
    o.into()
}

/// `{ key: { value: pages } }`.
pub fn counts(keys: &[Key]) -> JsValue {
    let o = object();
    for key in keys {
        let per_value = object();
        for value in &key.values {
            // A count of pages, far below 2^53: exact as a number.
            per_value.set(&value.name, (value.pages.len() as f64).into());
        }
        o.set(&key.name, per_value.into());
    }
    o.into()
}

/// The `filters` option: `undefined` or `null` for none, else a plain
/// object whose every property is an array of strings. The error names
/// the option that is wrong.
pub fn filters(value: &JsValue) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut out = Vec::new();
    if value.is_undefined() || value.is_null() {
        return Ok(out);
    }
    if !value.is_object() || Array::is_array(value) {
        return Err("filters must be an object of arrays of strings".to_owned());
    }
    let entries = Object::entries(value.unchecked_ref());
    for i in 0..entries.length() {
        let entry: Array = entries.get(i).unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        let list = entry.get(1);
        let wrong = "filters.".to_owned() + &key + " must be an array of strings";
        if !Array::is_array(&list) {
            return Err(wrong);
        }
        let list: Array = list.unchecked_into();
        let mut values = Vec::new();
        for j in 0..list.length() {
            values.push(list.get(j).as_string().ok_or(wrong.clone())?);
        }
        out.push((key, values));
    }
    Ok(out)
}

/// `{ need: [file names] }`.
pub fn need(missing: &Missing) -> JsValue {
    let o = object();
    o.set("need", strings(&missing.names()));
    o.into()
}
