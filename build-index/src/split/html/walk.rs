//! Reads the content element in document order into its title, its
//! sections and the shape the list-page signals look at. Iterative, so
//! that no nesting depth can exhaust the stack.

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node, Selector};
use std::sync::LazyLock;

use super::content::{LeftOut, Rules, css};
use crate::split::text::{SectionText, collapse_whitespace, joins_without_space};

static NAMED_LINK: LazyLock<Selector> = LazyLock::new(|| css("a[id], a[name]"));

/// What the content element holds.
#[derive(Debug, Default)]
pub struct Walked {
    /// Its first `<h1>`: the post's title, not a section.
    pub title: Option<String>,
    pub sections: Vec<SectionText>,
    pub shape: Shape,
}

/// Counts over the text a reader sees, for telling list pages from posts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Characters, whitespace not counted.
    pub chars: usize,
    /// Of those, the ones inside links to other pages.
    pub link_chars: usize,
    /// Links to other pages (not `#fragment` links within this one).
    pub links: usize,
    /// `<article>`s, not counting those inside another.
    pub articles: usize,
}

pub fn walk(content: ElementRef<'_>, rules: &Rules) -> Walked {
    let mut walker = Walker {
        rules,
        root: content.id(),
        out: Walked::default(),
        current: SectionText::default(),
        hidden: None,
        title_only: None,
        heading: None,
        link: None,
        open_articles: 0,
        ids: Vec::new(),
    };
    for edge in content.traverse() {
        match edge {
            Edge::Open(node) if node.id() != walker.root => walker.open(node),
            Edge::Close(node) if node.id() != walker.root => walker.close(node),
            _ => {}
        }
    }
    walker.finish()
}

/// What a heading being read becomes when it ends.
enum Role {
    Title,
    /// Starts a section with this anchor.
    Section(String),
    /// Has no anchor, so its text joins the current section's: a section
    /// without one would link to the top of the page.
    Inline,
}

struct Heading {
    node: NodeId,
    role: Role,
    text: String,
}

struct Walker<'r> {
    rules: &'r Rules,
    root: NodeId,
    out: Walked,
    current: SectionText,
    /// The subtree being left out whole.
    hidden: Option<NodeId>,
    /// The `<header>` whose text is left out, but whose `<h1>` may be
    /// the title.
    title_only: Option<NodeId>,
    heading: Option<Heading>,
    /// The link to another page being read.
    link: Option<NodeId>,
    open_articles: usize,
    /// Open `<section>`s with an id, innermost last, each with the count of
    /// characters read when it opened.
    ids: Vec<(NodeId, String, usize)>,
}

impl Walker<'_> {
    fn open(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        if self.hidden.is_some() {
            return;
        }
        match node.value() {
            Node::Text(text) => self.text(text),
            Node::Element(_) => {
                let el = ElementRef::wrap(node).expect("an element node");
                self.open_element(el);
            }
            _ => {}
        }
    }

    fn open_element(&mut self, el: ElementRef<'_>) {
        match self.rules.left_out(el) {
            Some(LeftOut::KeepTitle) if self.title_only.is_none() => {
                self.title_only = Some(el.id());
                return;
            }
            Some(_) => {
                self.hidden = Some(el.id());
                return;
            }
            None => {}
        }
        let name = el.value().name();
        if self.heading.is_none() && is_heading(name) {
            self.start_heading(el);
            return;
        }
        if separates(el) {
            self.space();
        }
        if self.title_only.is_some() {
            return;
        }
        if name == "a" && self.link.is_none() && leaves_page(el) {
            self.link = Some(el.id());
            self.out.shape.links += 1;
        }
        if name == "article" {
            self.out.shape.articles += usize::from(self.open_articles == 0);
            self.open_articles += 1;
        }
        // Only a <section> is opened by its heading (rustdoc's methods): a
        // <div id=content> or <article id=post-1> that happens to start
        // with a heading holds the whole post, and linking to it would
        // send the reader to the top of the page.
        if let Some(id) = el
            .value()
            .id()
            .filter(|id| !id.is_empty() && name == "section")
        {
            self.ids
                .push((el.id(), id.to_owned(), self.out.shape.chars));
        }
    }

    fn close(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        let id = node.id();
        if self.hidden == Some(id) {
            self.hidden = None;
            return;
        }
        let Some(el) = ElementRef::wrap(node).filter(|_| self.hidden.is_none()) else {
            return;
        };
        if self.heading.as_ref().is_some_and(|h| h.node == id) {
            self.end_heading();
            return;
        }
        if self.title_only == Some(id) {
            self.title_only = None;
            return;
        }
        if separates(el) {
            self.space();
        }
        if self.title_only.is_some() {
            return;
        }
        if self.link == Some(id) {
            self.link = None;
        }
        if el.value().name() == "article" {
            self.open_articles = self.open_articles.saturating_sub(1);
        }
        if self.ids.last().is_some_and(|top| top.0 == id) {
            self.ids.pop();
        }
    }

    fn text(&mut self, text: &str) {
        if self.title_only.is_some() && self.heading.is_none() {
            return;
        }
        let seen = text.chars().filter(|c| !c.is_whitespace()).count();
        self.out.shape.chars += seen;
        if self.link.is_some() {
            self.out.shape.link_chars += seen;
        }
        match &mut self.heading {
            Some(heading) => push_text(&mut heading.text, text),
            None => push_text(&mut self.current.text, text),
        }
    }

    /// A space where the page breaks the line, in the heading being read
    /// or else in the section.
    fn space(&mut self) {
        match &mut self.heading {
            Some(heading) => heading.text.push(' '),
            None if self.title_only.is_none() => self.current.text.push(' '),
            None => {}
        }
    }

    fn start_heading(&mut self, el: ElementRef<'_>) {
        let is_title = el.value().name() == "h1" && self.out.title.is_none();
        let role = if is_title {
            Role::Title
        } else if self.title_only.is_some() {
            // A subtitle or byline heading in a header: not read.
            self.hidden = Some(el.id());
            return;
        } else {
            self.anchor(el).map_or(Role::Inline, Role::Section)
        };
        self.heading = Some(Heading {
            node: el.id(),
            role,
            text: String::new(),
        });
    }

    /// Where a heading is linked: its id, else the id of the element it
    /// opens (rustdoc puts it on a `<section>` around the heading), else
    /// the id or name of a link inside it.
    fn anchor(&self, heading: ElementRef<'_>) -> Option<String> {
        let own = heading.value().id().filter(|id| !id.is_empty());
        // Only an element with no text before the heading: an id around
        // the whole post would send every hit to its top.
        let opened = self
            .ids
            .last()
            .filter(|(_, _, chars)| *chars == self.out.shape.chars)
            .map(|(_, id, _)| id.as_str());
        let named = || {
            heading.select(&NAMED_LINK).find_map(|a| {
                let e = a.value();
                e.id()
                    .or_else(|| e.attr("name"))
                    .filter(|id| !id.is_empty())
            })
        };
        own.or(opened).or_else(named).map(str::to_owned)
    }

    fn end_heading(&mut self) {
        let heading = self.heading.take().expect("a heading is being read");
        let text = collapse_whitespace(&heading.text);
        match heading.role {
            Role::Title => self.out.title = Some(text).filter(|t| !t.is_empty()),
            Role::Section(anchor) => {
                let next = SectionText {
                    anchor,
                    heading: text,
                    text: String::new(),
                };
                self.finish_section(next);
            }
            Role::Inline => {
                let body = &mut self.current.text;
                body.push(' ');
                body.push_str(&text);
                body.push(' ');
            }
        }
    }

    fn finish_section(&mut self, next: SectionText) {
        let mut done = std::mem::replace(&mut self.current, next);
        done.text = collapse_whitespace(&done.text);
        if !done.text.is_empty() || !done.heading.is_empty() {
            self.out.sections.push(done);
        }
    }

    fn finish(mut self) -> Walked {
        self.finish_section(SectionText::default());
        self.out
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn leaves_page(a: ElementRef<'_>) -> bool {
    a.value()
        .attr("href")
        .is_some_and(|href| !href.trim().is_empty() && !href.trim_start().starts_with('#'))
}

/// Whether the page breaks the line at the element's start and end, so
/// that the text on either side is two words: block elements, `<br>`,
/// and rustdoc's where clauses (a `<span class="where">` set on a line of
/// its own by CSS). Other elements are inline, and join what touches.
fn separates(el: ElementRef<'_>) -> bool {
    const BLOCKS: [&str; 41] = [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ];
    let e = el.value();
    BLOCKS.contains(&e.name()) || e.classes().any(|c| c == "where")
}

/// Appends a text node, dropping a line break between two wide (CJK)
/// characters as a browser lays Chinese out.
fn push_text(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            // Skip the whole run of whitespace if it joins CJK to CJK.
            while chars.peek().is_some_and(|w| w.is_whitespace()) {
                chars.next();
            }
            let before = out.trim_end_matches([' ', '\t']).chars().next_back();
            if !joins_without_space(before, chars.peek().copied()) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::text::outline;
    use scraper::Html;

    fn walked(content: &str) -> Walked {
        let doc = Html::parse_document(&format!("<main>{content}</main>"));
        let main = doc.select(&css("main")).next().unwrap();
        walk(main, &Rules::default())
    }

    fn sections(content: &str) -> Vec<(String, String, String)> {
        outline(&walked(content).sections)
            .into_iter()
            .map(|(a, h, t)| (a.to_owned(), h.to_owned(), t.to_owned()))
            .collect()
    }

    fn section(anchor: &str, heading: &str, text: &str) -> (String, String, String) {
        (anchor.to_owned(), heading.to_owned(), text.to_owned())
    }

    #[test]
    fn anchors_from_the_heading_its_section_or_a_link_in_it() {
        let got = sections(
            "<h2 id=own>自己</h2>甲\
             <section id=method.new class=method><a class=\"src rightside\" href=x>Source</a>\
               <h4 class=code-header>pub fn <a href=#method.new class=fn>new</a>() -&gt; Self</h4></section>\
             <div class=docblock><p>乙</p></div>\
             <h2><a name=named></a>命名</h2>丙\
             <div id=late><p>前文</p><h3>晚到的标题</h3>丁</div>\
             <div id=content><h3>容器开头的标题</h3>戊</div>",
        );
        assert_eq!(
            got,
            [
                section("own", "自己", "甲"),
                section("method.new", "pub fn new() -> Self", "乙"),
                section("named", "命名", "丙 前文 晚到的标题 丁 容器开头的标题 戊"),
            ]
        );
    }

    #[test]
    fn spaces_where_the_page_breaks_lines_and_none_between_inline_elements() {
        let got = sections(
            "<h3 id=i>impl&lt;I&gt; <a href=t.html>Iterator</a> for <a href=r.html>&amp;mut I</a>\
             <span class=where>where I: <a href=t.html>Iterator</a></span></h3>\
             <p>un<em>believ</em>able<br>next <code>Vec</code>&lt;T&gt;</p><p>第一段</p><p>第二\n段</p>\
             <h2 id=g>标题<a class=anchor href=#g>§</a></h2><ul><li>一</li><li>二</li></ul>",
        );
        assert_eq!(
            got,
            [
                section(
                    "i",
                    "impl<I> Iterator for &mut I where I: Iterator",
                    "unbelievable next Vec<T> 第一段 第二段"
                ),
                section("g", "标题", "一 二"),
            ]
        );
    }

    #[test]
    fn the_title_may_sit_in_an_article_header_but_its_text_is_left_out() {
        let w = walked(
            "<article><header><div class=breadcrumbs>首页 » 文章</div><h1>标题<a href=#t>#</a></h1>\
             <h2>副标题</h2><div class=post-meta>1 分钟 · 作者</div></header><p>正文</p></article>",
        );
        assert_eq!(w.title.as_deref(), Some("标题"));
        assert_eq!(outline(&w.sections), [("", "", "正文")]);
        // The site's header is no article's: its <h1> is the site's name.
        let doc = Html::parse_document("<body><header><h1>站点</h1></header><p>正文</p></body>");
        let body = doc.select(&css("body")).next().unwrap();
        let banner = walk(body, &Rules::default());
        assert_eq!(banner.title, None);
        assert_eq!(outline(&banner.sections), [("", "", "正文")]);
    }

    #[test]
    fn the_shape_counts_link_text_links_and_articles() {
        let w = walked(
            "<article><a href=/a/>一二三</a><article>内</article></article>\
             <article>四<a href=#x>五</a><a href=b.html></a></article>",
        );
        assert_eq!(
            w.shape,
            Shape {
                chars: 6,
                link_chars: 3,
                links: 2,
                articles: 2
            }
        );
    }
}
