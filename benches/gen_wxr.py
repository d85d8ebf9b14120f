"""A synthetic WordPress export (WXR) of N posts for timing `statecraft import wordpress`:
each post has 12 block-editor paragraphs with an entity and a link to another post,
a [caption] image, an id'd heading and a table. Deterministic (seed 1).

    python3 benches/gen_wxr.py 2000 /tmp/bench-2000.xml
    statecraft import wordpress /tmp/bench-2000.xml /dev/shm/bench-site
"""
import sys, random
n = int(sys.argv[1]); random.seed(1)
out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title><link>https://bench.example.org</link><description>d</description><language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>\n<wp:author><wp:author_login>a</wp:author_login><wp:author_display_name>Author A</wp:author_display_name></wp:author>\n']
cats = ["energy", "security", "trade", "arctic", "diplomacy"]
for i in range(n):
    y = 2010 + i % 14; m = 1 + i % 12
    other = random.randrange(n); oy = 2010 + other % 14; om = 1 + other % 12
    paras = "".join(f"<!-- wp:paragraph -->\n<p>Paragraph {k} of post {i} with <strong>bold</strong> text &#8217;quoted&#8217; and a <a href=\"https://bench.example.org/{oy}/{om:02d}/post-{other}/\">link</a>.</p>\n<!-- /wp:paragraph -->\n" for k in range(12))
    body = paras + f'[caption id="attachment_1" width="300"]<img src="https://bench.example.org/wp-content/uploads/{y}/{m:02d}/img-{i}.png" alt="Chart {i}" /> Caption {i}[/caption]\n<h2 id="part-{i}">Part</h2><table><tr><td>a</td><td>b</td></tr></table>'
    out.append(f'<item><title>Post {i} &#8212; title</title><link>https://bench.example.org/{y}/{m:02d}/post-{i}/</link><dc:creator>a</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{i+1}</wp:post_id><wp:post_date>{y}-{m:02d}-10 10:00:00</wp:post_date><wp:post_date_gmt>{y}-{m:02d}-10 09:00:00</wp:post_date_gmt><wp:post_name>post-{i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="{cats[i%5]}">{cats[i%5].title()}</category><category domain="post_tag" nicename="t{i%50}">Tag {i%50}</category></item>\n')
out.append("</channel></rss>\n")
open(sys.argv[2], "w").write("".join(out))
