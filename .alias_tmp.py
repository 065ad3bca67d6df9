import sys,re
sys.path.insert(0,'.')
from pathlib import Path
from generator.load import load_corpus
from generator.diagnostics import Diagnostics
d=Diagnostics(); c=load_corpus(Path('data'),Path('.'),d)
def variants(s):
    out={s}
    if s.startswith('ال'): out.add(s[2:])
    else: out.add('ال'+s)
    return out
for e in sorted(c.events.values(), key=lambda e:e.id):
    arts={r.article for r in e.reports}
    text=' '.join(c.articles[a].text for a in arts)
    for who in e.actors:
        a=c.actors[who.actor]
        names=[a.name,*(a.aliases)]
        if not any(n in text for n in names):
            print('ACTOR', e.id, who.actor, '|', a.name)
    for w in e.places:
        p=c.places[w.place]
        names=[p.name,*(p.aliases)]
        if not any(n in text for n in names):
            print('PLACE', e.id, w.place, '|', p.name)
