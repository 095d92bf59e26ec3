//! What the runtime reads from and sets on JavaScript values: the
//! `filters` option, and the `code` of its errors. (Results go out as
//! JSON text, see [`crate::json`].)

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

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
