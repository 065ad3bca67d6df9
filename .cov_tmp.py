import sys, re, yaml, glob
sys.path.insert(0,'.')
from pathlib import Path
from generator.load import load_corpus
from generator.diagnostics import Diagnostics
d=Diagnostics(); c=load_corpus(Path('data'),Path('.'),d)
sq=lambda s: re.sub(r'\s+',' ',s).strip()
for art in c.articles.values():
    if len(sys.argv)>1 and art.id!=sys.argv[1]: continue
    print('#####', art.id)
    lines=art.text.split('\n')
    quotes=[(e.id, sq(r.quote)) for e in c.events.values() for r in e.reports if r.article==art.id]
    for i,l in enumerate(lines,1):
        L=sq(l)
        if not L: continue
        cov=[False]*len(L); ev=[]
        for eid,q in quotes:
            j=L.find(q)
            if j>=0:
                for k in range(j,j+len(q)): cov[k]=True
                ev.append(eid)
        # uncovered text
        unc=''.join(ch if not cv else '█' for ch,cv in zip(L,cov))
        unc=re.sub('█+','█',unc)
        print(f'[{i}] events: {sorted(set(ev))}')
        print('   UNCOVERED:', unc)
