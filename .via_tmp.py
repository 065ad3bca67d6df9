import sys
sys.path.insert(0,'.')
from pathlib import Path
from generator.load import load_corpus
from generator.diagnostics import Diagnostics
d=Diagnostics(); c=load_corpus(Path('data'),Path('.'),d)
for e in sorted(c.events.values(), key=lambda e:e.id):
    for r in e.reports:
        v=[x.actor or ('{'+x.description+(' ,'+x.actor if x.actor else '')+'}') for x in r.via]
        print(f"{r.article[:6]} {e.id[:45]:45} {r.stance[:3]} {v}")
