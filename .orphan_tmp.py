from pathlib import Path
from generator.load import load_corpus
from generator.diagnostics import Diagnostics
from generator.index import build_index
d=Diagnostics(); c=load_corpus(Path('data'),Path('.'),d); ix=build_index(c)
for a in c.actors.values():
    if not ix.actor_events.get(a.id) and not ix.actor_articles.get(a.id) and not ix.actor_children.get(a.id) and not ix.actor_members.get(a.id): print('orphan actor', a.id)
for p in c.places.values():
    if not ix.place_events.get(p.id) and not ix.place_children.get(p.id): print('orphan place', p.id)
print(ix.counts())
