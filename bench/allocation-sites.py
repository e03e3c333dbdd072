"""Groups a JFR allocation profile of the edge's event loops by allocating site, in bytes per request.

Usage: python3 bench/allocation-sites.py REC.jfr REQUESTS [TOP]   (REQUESTS: served during the recording)

Our own code is grouped by its innermost frame (the method of ours that allocated, or called what did); reactor-netty's
and Netty's per-request objects by what they are for. Each thread's first sample is left out: its weight covers
everything the thread allocated before the recording started. docs/benchmarks.md, "Run H".
"""
import json, sys, collections, subprocess
f, reqs = sys.argv[1], int(sys.argv[2])
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '96', '--events', 'jdk.ObjectAllocationSample', f], capture_output=True, text=True).stdout
ev = json.loads(out)['recording']['events']; ev.sort(key=lambda e: e['values']['startTime'])
seen=set(); c=collections.Counter(); tot=0
def tn(fr): return fr['method']['type']['name'].replace('/', '.').split('.0x')[0]
for e in ev:
    v=e['values']; t=v.get('eventThread') or {}
    if not (t.get('javaName') or '').startswith('reactor-http'): continue
    if t.get('javaThreadId') not in seen: seen.add(t.get('javaThreadId')); continue
    frames=v['stackTrace']['frames'] if v.get('stackTrace') else []
    w=v['weight']; tot+=w
    o=next((fr for fr in frames if tn(fr).startswith('dev.cdn') and '$$Lambda' not in tn(fr)), None)
    if o is not None:
        k='ours: '+tn(o).replace('dev.cdn.edge.','')+'.'+o['method']['name']
    else:
        names=[tn(fr)+'.'+fr['method']['name'] for fr in frames]
        j=' '.join(names[:7])
        if 'ResourceLeakDetector' in j: k='netty: leak detector sampling (SIMPLE level)'
        elif 'HttpTrafficHandler.channelRead' in names[0] or 'HttpServerOperations.<init>' in j or 'ServerCookies' in j: k='reactor-netty: HttpServerOperations (+cookies, sinks) per request'
        elif any(x in j for x in ('addIdleTimeoutHandler', 'IdleStateHandler.handlerAdded', 'IdleStateHandler.initialize', 'startReadTimeout', 'registerForClose', 'addHandlerAfterReactorCodecs', 'addHandlerFirst', 'DefaultChannelPipeline.addAfter', 'DefaultChannelPipeline.addFirst', 'removeHandler', 'onTerminate')): k='reactor-netty: idleTimeout + readTimeout handlers added/removed per request'
        elif 'DisposedConnection' in j or 'DisposedChannel' in j: k='reactor-netty: ChannelOperations.terminate (DisposedConnection per request)'
        elif 'HttpObjectDecoder' in j or 'HttpRequestDecoder' in j: k='netty: request decoding (request, headers, strings)'
        else: k='other: '+' <- '.join(n.replace('reactor.netty.','rn.').replace('io.netty.','n.').replace('reactor.core.publisher.','rc.') for n in names[:3])
    c[k]+=w
print('total %.0f B/req' % (tot/reqs))
for k,w in c.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 40): print('%6.0f  %s' % (w/reqs, k))
