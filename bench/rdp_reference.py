# Opacus's analysis/rdp.py algorithm (Mironov et al. 2019), re-typed with scipy: the reference for RdpAccountant.
import math, numpy as np
from scipy import special
def _log_add(a,b):
    a,b=max(a,b),min(a,b)
    return a if a==-np.inf else math.log1p(math.exp(b-a))+a
def _log_sub(x,y):
    if y==-np.inf: return x
    if x==y: return -np.inf
    return math.log(math.expm1(x-y))+y
def _log_a_int(q,s,a):
    r=-np.inf
    for i in range(a+1):
        r=_log_add(r, math.log(special.binom(a,i))+i*math.log(q)+(a-i)*math.log(1-q)+(i*i-i)/(2*s*s))
    return float(r)
def _log_erfc(x): return math.log(2)+special.log_ndtr(-x*2**.5)
def _log_a_frac(q,sigma,alpha):
    a0,a1=-np.inf,-np.inf; i=0; z0=sigma**2*math.log(1/q-1)+.5
    while True:
        coef=special.binom(alpha,i); lc=math.log(abs(coef)); j=alpha-i
        t0=lc+i*math.log(q)+j*math.log(1-q); t1=lc+j*math.log(q)+i*math.log(1-q)
        e0=math.log(.5)+_log_erfc((i-z0)/(math.sqrt(2)*sigma)); e1=math.log(.5)+_log_erfc((z0-j)/(math.sqrt(2)*sigma))
        s0=t0+(i*i-i)/(2*sigma**2)+e0; s1=t1+(j*j-j)/(2*sigma**2)+e1
        if coef>0: a0=_log_add(a0,s0); a1=_log_add(a1,s1)
        else: a0=_log_sub(a0,s0); a1=_log_sub(a1,s1)
        i+=1
        if max(s0,s1)<-30: break
    return _log_add(a0,a1)
def rdp_step(q,s,a):
    if q==1: return a/(2*s*s)
    la=_log_a_int(q,s,int(a)) if float(a).is_integer() else _log_a_frac(q,s,a)
    return la/(a-1)
ORD=[1+x/10 for x in range(1,100)]+list(range(12,64))
def eps(q,s,steps,delta):
    best=np.inf
    for a in ORD:
        r=steps*rdp_step(q,s,a)
        e=r+math.log1p(-1/a)-(math.log(delta)+math.log(a))/(a-1)
        best=min(best,e)
    return best
if __name__ == "__main__":
    print("mnist-abadi", eps(256/60000,1.1,60*60000//256,1e-5))
    print("loc", eps(128/2000,1.0,50*2000//128,1e-4))
    for a in (1.5, 2.5, 3.0, 7.3, 32.0):
        print("step", a, rdp_step(0.01, 0.8, a))
