# Old (pre-sizes, before commit 41327b3) X-bar/S chart JSON for
# tests/spc_legacy_json.rs, computed independently with mpmath from the
# definition (Montgomery 2009, 6.3). Run: python3 legacy_xbar_s.py
from mpmath import mp, mpf, gamma, sqrt
import json
mp.dps = 40
def c4(n): return sqrt(mpf(2)/(n-1))*gamma(mpf(n)/2)/gamma(mpf(n-1)/2)
def chart(means, sds, sizes):
    total = sum(sizes)
    center = sum(mpf(m)*n for m,n in zip(means,sizes))/total
    if len(set(sizes))==1: sbar = sum(mpf(s) for s in sds)/len(sds)
    else: sbar = sqrt(sum((n-1)*mpf(s)**2 for s,n in zip(sds,sizes))/(total-len(sizes)))
    xl=[];sl=[]
    for n in sizes:
        c=c4(n); sm = sbar/(c*sqrt(n))
        xl.append(dict(lower=float(center-3*sm),center=float(center),upper=float(center+3*sm),sigma=float(sm)))
        k = sqrt(1-c*c)/c
        b3 = max(mpf(0),1-3*k); b4 = 1+3*k
        sl.append(dict(lower=float(b3*sbar),center=float(sbar),upper=float(b4*sbar),sigma=float(sbar*k)))
    return {"means":{"values":means,"limits":xl},"std_devs":{"values":sds,"limits":sl}}
print(json.dumps(chart([10.0,12.0,11.0],[1.0,2.0,1.5],[4,4,4])))
print(json.dumps(chart([10.0,12.0,11.0],[1.0,2.0,1.5],[3,2,5])))
print(json.dumps(chart([10.0,10.0],[0.0,0.0],[3,5])))
