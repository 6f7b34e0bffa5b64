"""Renders the app icon (public/icon.svg's design) as the PNGs the web app manifest names.

Run by hand when public/icon.svg changes (needs Pillow): python3 xtask/render_icons.py
"""
import os
from PIL import Image, ImageDraw
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'public', 'icons') + '/'
BLUE=(0x0b,0x4f,0x8a,255); WHITE=(255,255,255,255)
def cubic(p0,p1,p2,p3,n=40):
    out=[]
    for i in range(1,n+1):
        t=i/n; u=1-t
        out.append((u**3*p0[0]+3*u*u*t*p1[0]+3*u*t*t*p2[0]+t**3*p3[0], u**3*p0[1]+3*u*u*t*p1[1]+3*u*t*t*p2[1]+t**3*p3[1]))
    return out
def shield():
    pts=[(256,88),(392,140),(392,244)]
    pts+=cubic((392,244),(392,330),(334,402),(256,424))
    pts+=cubic((256,424),(178,402),(120,330),(120,244))
    pts+=[(120,140)]
    return pts
def render(size, maskable):
    S=4; W=512*S
    img=Image.new('RGBA',(W,W),(0,0,0,0)); d=ImageDraw.Draw(img)
    if maskable:
        d.rectangle([0,0,W,W],fill=BLUE); scale=0.72; off=256*(1-scale)
    else:
        d.rounded_rectangle([0,0,W-1,W-1],radius=96*S,fill=BLUE); scale=1.0; off=0
    tr=lambda p:((p[0]*scale+off)*S,(p[1]*scale+off)*S)
    d.polygon([tr(p) for p in shield()],fill=WHITE)
    check=[tr(p) for p in [(196,262),(240,306),(324,210)]]
    w=int(36*scale*S)
    d.line(check,fill=BLUE,width=w,joint='curve')
    for (x,y) in (check[0],check[-1]):
        r=w/2; d.ellipse([x-r,y-r,x+r,y+r],fill=BLUE)
    return img.resize((size,size),Image.LANCZOS)
for size in (192,512):
    render(size,False).save(OUT + f'icon-{size}.png',optimize=True)
render(512,True).save(OUT + 'icon-maskable-512.png',optimize=True)
